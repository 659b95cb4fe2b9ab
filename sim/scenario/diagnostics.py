"""Author-facing diagnostics: located messages with a code from a documented catalogue.

A `Diagnostic` prints like a compiler error, with the source line and a caret under the span::

    scenarios/x.yaml:42:7: error[S104]: unknown stage 'qualifcation' — did you mean 'qualification'?
       42 |     moveTo: qualifcation
          |             ^~~~~~~~~~~~

Every code is listed in `CATALOGUE` (and in docs/diagnostics.md, with an example that the
tests run).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "note"]

MAX_SHOWN = 50
"""At most this many diagnostics are printed per file; the rest are counted."""
SHOWN_WIDTH = 120
"""Longer source lines are shown as a window around the column."""


class CodeInfo(NamedTuple):
    """A catalogue entry: short title and what the code means for an author."""

    title: str
    explanation: str


CATALOGUE: dict[str, CodeInfo] = {
    # -- files -------------------------------------------------------------------------------
    "F001": CodeInfo(
        "cannot read file", "The file does not exist, is a folder, or cannot be read."
    ),
    "F002": CodeInfo(
        "unknown scenario", "The argument is neither a file nor the id of a bundled scenario."
    ),
    "F003": CodeInfo(
        "no scenario files", "A folder given to `validate` holds no *.yaml or *.yml file."
    ),
    # -- YAML layer ----------------------------------------------------------------------------
    "Y001": CodeInfo("file too large", "Scenario files are limited to 1 MiB."),
    "Y002": CodeInfo(
        "not UTF-8", "The file contains bytes that are not valid UTF-8; save it as UTF-8."
    ),
    "Y003": CodeInfo(
        "binary or control character",
        "The file contains a NUL byte or a control character YAML does not allow.",
    ),
    "Y004": CodeInfo(
        "empty file", "The file holds no YAML document (only blank lines or comments)."
    ),
    "Y005": CodeInfo(
        "YAML syntax error",
        "The text is not valid YAML: indentation, quotes, brackets or a stray character.",
    ),
    "Y006": CodeInfo(
        "more than one document",
        "A scenario file holds exactly one YAML document; remove the extra `---`.",
    ),
    "Y007": CodeInfo(
        "top level is not a mapping",
        "The file must be a mapping of keys (apiVersion, kind, metadata, ...).",
    ),
    "Y008": CodeInfo(
        "tag not allowed",
        "Tags such as `!!python/object` or `!custom` are refused; only plain YAML data is read.",
    ),
    "Y009": CodeInfo(
        "duplicate key",
        "A key appears twice in the same mapping; YAML would silently keep only one.",
    ),
    "Y010": CodeInfo("nested too deeply", "Mappings and lists are nested deeper than 64 levels."),
    "Y011": CodeInfo(
        "alias expansion too large",
        "Aliases (`*name`) are limited in number and in how much they expand (alias bombs are refused).",
    ),
    "Y012": CodeInfo(
        "undefined or recursive alias",
        "An alias refers to an anchor (`&name`) that is not defined before it, or to the node that contains it.",
    ),
    "Y013": CodeInfo(
        "key is not plain text", "Mapping keys must be plain text, not lists or mappings."
    ),
    "Y014": CodeInfo(
        "invalid merge key",
        "`<<:` must be followed by an alias to a mapping, or a list of such aliases.",
    ),
    "Y015": CodeInfo("not a finite number", "`.nan` and `.inf` are not accepted as numbers."),
    "Y016": CodeInfo(
        "tab in indentation",
        "A line is indented with a tab; YAML indents with spaces only. The hint says how many.",
    ),
    "Y017": CodeInfo(
        "misplaced indentation",
        "A key or list item lines up with none of the blocks above it; the message names the "
        "line and the block it probably belongs to, read from its siblings' indentation.",
    ),
    "Y018": CodeInfo(
        "full-width punctuation",
        "A full-width colon, comma or quote (typed by a Chinese or Japanese input method) "
        "where YAML needs the ASCII one; the message names the character.",
    ),
    "Y020": CodeInfo(
        "base-60 number",
        "YAML 1.1 reads `1:30` as the base-60 number 90; write the number you mean, or quote the text.",
    ),
    # -- test plans (`salesim test`) ------------------------------------------------------------
    "T001": CodeInfo(
        "invalid test plan",
        "A test plan (NAME.test.yaml) is missing a part or uses a key `salesim test` does not know.",
    ),
    # -- structure (JSON Schema) ---------------------------------------------------------------
    "S001": CodeInfo(
        "unsupported apiVersion",
        "`apiVersion` must be `salesim/v1`; a newer version needs a newer salesim.",
    ),
    "S002": CodeInfo("wrong kind", "`kind` must be `Scenario`."),
    "S010": CodeInfo(
        "unknown key",
        "A key the format does not define, often a typo; the message suggests the closest known key.",
    ),
    "S011": CodeInfo("missing field", "A required field is missing."),
    "S012": CodeInfo(
        "wrong type",
        "A value has the wrong type: text where a number is expected, a single value where a list is expected, ...",
    ),
    "S013": CodeInfo(
        "out of range", "A number is below the minimum or above the maximum the field allows."
    ),
    "S014": CodeInfo("not an allowed value", "The field takes one of a fixed set of values."),
    "S015": CodeInfo(
        "malformed value", "An id, key, locale or currency does not have the required form."
    ),
    "S016": CodeInfo(
        "wrong length", "A list has too few or too many items, or a text is empty or too long."
    ),
    "S017": CodeInfo("structure problem", "Any other violation of the scenario schema."),
    "S018": CodeInfo(
        "unknown currency",
        "`metadata.currency` has the form of a code but is not an ISO 4217 currency (RMB is CNY).",
    ),
    # -- references ----------------------------------------------------------------------------
    "S101": CodeInfo(
        "duplicate id", "Two items of the same kind (stages, actions, meters, ...) share an id."
    ),
    "S102": CodeInfo("unknown meter", "A meter id that is not declared under `meters:`."),
    "S103": CodeInfo("unknown fact", "A fact id that is not declared under `facts:`."),
    "S104": CodeInfo("unknown stage", "A stage id that is not declared under `stages:`."),
    "S105": CodeInfo("unknown persona", "A persona id that is not declared under `personas:`."),
    "S106": CodeInfo(
        "unknown placeholder",
        "A `{placeholder}` in a text that the game cannot fill in (or a stray brace).",
    ),
    "S107": CodeInfo(
        "dimension without weight",
        "A scoring rule counts toward a dimension that `scoring.dimensions` does not weigh.",
    ),
    "S108": CodeInfo(
        "unknown style",
        "A persona or variant names a buying style that is neither built in (relationship, "
        "consultative) nor declared under `styles`.",
    ),
    "S109": CodeInfo(
        "unknown action or tag",
        "An objection's `handledBy` or `mishandledBy` names neither an action id nor a tag of "
        "any action.",
    ),
    "S120": CodeInfo(
        "reserved name",
        "A meter or fact id is a name the expression language already uses (value, stage, day, min, and, known, ...); rename it.",
    ),
    "S130": CodeInfo(
        "unknown pack",
        "A `uses:` entry names a methodology pack that is not bundled (bant, meddpicc, spin).",
    ),
    "S131": CodeInfo(
        "pack does not fit",
        "A methodology pack names a stage the scenario does not have; map the pack's stage "
        "onto one of yours with `{pack: ..., stages: {...}}`.",
    ),
    "S132": CodeInfo(
        "committee member meters",
        "A committee member's meter range is not one of the committee's personal meters, "
        "or is given for the first member (the contact on the card, who has the deal's own); "
        "or `engagedWhen` reads who else is engaged.",
    ),
    # -- expressions (codes raised by sim.scenario.expr) ---------------------------------------
    "E201": CodeInfo("expression syntax error", "An expression or effect is not well formed."),
    "E202": CodeInfo(
        "unknown name in expression",
        "An expression uses a name that is not a meter, fact, `known.<fact>`, built-in, or a stage/persona id.",
    ),
    "E203": CodeInfo(
        "expression type error",
        "Numbers, conditions and ids are mixed up (e.g. `interest and 5`, or a chance that is a condition).",
    ),
    "E204": CodeInfo(
        "expression too large",
        "Expressions are limited to 500 characters and 32 levels of nesting.",
    ),
    "E205": CodeInfo(
        "malformed effect", "An effect must read `target op expression`, e.g. `interest += 5`."
    ),
    "E210": CodeInfo(
        "number out of range",
        "A number in an expression is larger than ±1,000,000,000,000,000; results are kept within that bound too.",
    ),
    # -- consistency ---------------------------------------------------------------------------
    "S301": CodeInfo(
        "terminal stages",
        "There must be exactly one `terminal: won` and one `terminal: lost` stage.",
    ),
    "S302": CodeInfo(
        "rot limit",
        "Every open stage needs `rotDays`; closed stages take neither `rotDays` nor `exit`.",
    ),
    "S303": CodeInfo(
        "terminal probability", "The won stage has probability 100 and the lost stage 0."
    ),
    "S304": CodeInfo(
        "weights do not sum to 100", "The weights of `scoring.dimensions` must add up to 100."
    ),
    "S305": CodeInfo("range reversed", "A `[low, high]` range has low greater than high."),
    "S306": CodeInfo(
        "fact draw does not fit",
        "A yes/no fact takes a probability 0..1 (or true/false); a number fact takes `[low, high]` or a number.",
    ),
    "S307": CodeInfo(
        "day outside the calendar",
        "A day (schedule, event, forecast checkpoint) is after the last day of the run.",
    ),
    "S308": CodeInfo(
        "outside the meter's bounds",
        "A meter value or range lies outside the meter's min..max, or min is not below max.",
    ),
    "S309": CodeInfo(
        "not an open stage",
        "New leads, initial customers and actions belong to open stages, not to won/lost.",
    ),
    "S310": CodeInfo(
        "advice for an unavailable stage",
        "Advice is given for a stage where the action cannot be taken.",
    ),
    "S311": CodeInfo(
        "grade bands", "Grade bands need distinct `min` values and one band with `min: 0`."
    ),
    "S312": CodeInfo("duplicate shortcut key", "Two actions share the same keyboard key."),
    "S313": CodeInfo(
        "event never happens",
        "An event with neither a `chance` above 0 nor a `day` can never fire.",
    ),
    "S314": CodeInfo("listed twice", "A value appears twice in a list where each may appear once."),
    "S315": CodeInfo(
        "variant for an unavailable stage",
        "An action's variant names a stage where the action cannot be taken, so it never applies.",
    ),
    "S320": CodeInfo(
        "run too large",
        "The declared sizes (days, initial customers, arrivals per day, scheduled arrivals, referral events) give a run that cannot be held in 1 GiB or simulated in minutes.",
    ),
    # -- lint (`salesim lint`): warnings and notes about valid files ----------------------------
    "L101": CodeInfo(
        "stage no path reaches",
        "Some move leads into the stage, but no deal ever gets to where it starts.",
    ),
    "L102": CodeInfo(
        "stage with no way out",
        "No action moves a deal on from this open stage; deals can only rot or be lost.",
    ),
    "L103": CodeInfo("action never available", "The action's stages are closed or never reached."),
    "L104": CodeInfo("meter never read", "Note: no chance, condition or gate uses the meter."),
    "L105": CodeInfo(
        "meter never changes", "Note: no effect writes the meter and it has no drift."
    ),
    "L106": CodeInfo(
        "fact revealed but never read", "Note: the fact is shown on the card but changes nothing."
    ),
    "L107": CodeInfo(
        "condition always or never true",
        "A meter is compared with a number outside its declared range.",
    ),
    "L108": CodeInfo(
        "probabilities out of order", "A later stage is less likely to close than an earlier one."
    ),
    "L109": CodeInfo(
        "rule that can never fire",
        "A scoring rule watches for something this scenario does not have.",
    ),
    "L110": CodeInfo(
        "scored choice without feedback",
        "Advice rates the action but an outcome shows no feedback text.",
    ),
    "L111": CodeInfo(
        "objective no rule scores",
        "Note: an objective names a habit that no scoring rule rewards or punishes.",
    ),
    "L112": CodeInfo(
        "exit gate nothing in the stage can open",
        "A gate needs a fact that no action of that stage reveals.",
    ),
    "L113": CodeInfo(
        "folded CJK text",
        "A `>` block breaks lines between CJK characters; folding puts spaces into the text.",
    ),
    "L201": CodeInfo("action no bot takes", "In a short simulation no bot policy took the action."),
    "L202": CodeInfo(
        "dimension that scores the same for every policy",
        "In a short simulation every game scored the same on the dimension.",
    ),
    # -- warnings ------------------------------------------------------------------------------
    "S401": CodeInfo(
        "stage never reached",
        "Warning: no action, event or inbound setting ever puts a deal in this stage.",
    ),
    "S402": CodeInfo(
        "fact never revealed",
        "Warning: no action reveals this fact, so `known.<fact>` is always false.",
    ),
}


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' — did you mean 'x'?' for the closest candidate, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        # Case-only slips ("moveto" for "moveTo") score low on ratio; catch them explicitly.
        lowered = {c.lower(): c for c in candidates}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f" — did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a scenario file, located by 1-based line and column."""

    code: str
    message: str
    file: str
    line: int = 0
    """1-based; 0 when the problem concerns the whole file."""
    col: int = 0
    """1-based character column; 0 when unknown."""
    length: int = 1
    """How many characters the caret line underlines."""
    severity: Severity = "error"
    hint: str = ""
    source_line: str | None = field(default=None, compare=False)
    """The text of the offending line, shown under the message."""

    @property
    def title(self) -> str:
        info = CATALOGUE.get(self.code)
        return info.title if info else ""

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    def headline(self) -> str:
        return f"{self.location}: {self.severity}[{self.code}]: {self.message}"

    def format(self) -> str:
        """The headline, the source line with a caret under the span, and the hint."""
        out = [self.headline()]
        if self.source_line is not None and self.line > 0:
            text = "".join(
                c if c >= " " or c == "\t" else "\ufffd" for c in self.source_line.rstrip("\r\n")
            )
            start = min(max(self.col - 1, 0), len(text))
            if len(text) > SHOWN_WIDTH:  # show a window around the column of a very long line
                left = max(0, min(start - SHOWN_WIDTH // 3, len(text) - SHOWN_WIDTH))
                text = ("…" if left else "") + text[left : left + SHOWN_WIDTH] + "…"
                start = start - left + (1 if left else 0)
            gutter = str(self.line)
            pad = " " * len(gutter)
            out.append(f" {gutter} | {text}")
            if self.col > 0:
                # Keep tabs so the caret lines up under tab-indented text.
                lead = "".join(c if c == "\t" else " " for c in text[:start])
                room = max(1, len(text) - start)
                width = max(1, min(self.length, room))
                out.append(f" {pad} | {lead}^{'~' * (width - 1)}")
        if self.hint:
            pad = " " * len(str(self.line)) if self.line > 0 else ""
            out.append(f" {pad} = hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.headline()


def sort_key(d: Diagnostic) -> tuple[str, int, int]:
    """File order; ties keep the order found (YAML problems before structure problems)."""
    return (d.file, d.line, d.col)


def format_report(diagnostics: Sequence[Diagnostic], limit: int = MAX_SHOWN) -> str:
    """All diagnostics in file order, at most `limit` of them, then 'and N more'."""
    ordered = sorted(diagnostics, key=sort_key)
    shown = [d.format() for d in ordered[:limit]]
    rest = len(ordered) - limit
    if rest > 0:
        shown.append(f"... and {rest} more problem{'s' if rest != 1 else ''} not shown")
    return "\n".join(shown)


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity == "error")


class Reporter:
    """Collects diagnostics for one file and fills in the source line of each."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.lines = text.splitlines()
        self.diagnostics: list[Diagnostic] = []

    def line_text(self, line: int) -> str | None:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return None

    def add(
        self,
        code: str,
        message: str,
        line: int = 0,
        col: int = 0,
        length: int = 1,
        hint: str = "",
        severity: Severity = "error",
    ) -> Diagnostic:
        d = Diagnostic(
            code,
            message,
            self.file,
            line,
            col,
            max(1, length),
            severity,
            hint,
            self.line_text(line),
        )
        self.diagnostics.append(d)
        return d

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)
