"""The desk's customer list: a virtualised table that renders only the rows on screen.

It holds a list of customer indices (already filtered and sorted by the screen through
`Game.list_customers`) and formats a row only when it is painted, so a 2,000-customer
pipeline costs no more to show than a ten-customer one, and identities are generated only
for customers that appear on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.strip import Strip

from sim.engine.fmt import Formatter
from sim.engine.listing import touched_since
from sim.i18n import N_, _
from sim.ui.messages import CustomerChosen, CustomerHighlighted, SortChosen
from sim.ui.widgets.steady import SteadyScrollView

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game


@dataclass(frozen=True)
class Column:
    """A column of the table: heading, width in cells, alignment, and sort key."""

    key: str
    label: str
    width: int
    right: bool = False
    sort: str | None = None


COLUMNS: tuple[Column, ...] = (
    Column("flags", "", 2, sort="idle"),
    Column("company", N_("Company"), 22, sort="name"),
    Column("stage", N_("Stage"), 13, sort="stage"),
    Column("value", N_("Value"), 7, True, "value"),
    Column("idle", N_("Idle"), 4, True, "idle"),
    Column("due", N_("Due"), 3, True, "due"),
    Column("prob", N_("P%"), 3, True, "probability"),
    Column("weighted", N_("Wtd"), 7, True, "weighted"),
    Column("contact", N_("Contact"), 20, sort=None),
    Column("city", N_("City"), 16, sort=None),
    Column("index", "#", 5, True, "index"),
)
"""Every column, left to right (company and stage widths adapt to the table's width)."""

SHOWN_FIRST = ("flags", "company", "stage", "value", "idle", "due")
"""Columns that should fit without scrolling; the company column takes the slack."""


def money_width(fm: Formatter, deal_max: float) -> int:
    """Cells the widest compact amount up to `deal_max` takes (`$35k`, `¥123.5万`), measured
    with `cell_len`: a money column sized by it never cuts an amount."""
    samples = {deal_max, deal_max * 0.999}
    top = max(1, int(math.log10(max(deal_max, 1))) + 1)
    for k in range(top + 1):
        for lead in (1, 1.05, 9.95, 9.99, 12.35, 99.5):
            v = lead * 10**k
            if v <= deal_max:
                samples.add(v)
    return max(cell_len(fm.compact(v)) for v in samples)


def column_widths(width: int, money: int = 0) -> dict[str, int]:
    """Cell widths of every column for a table `width` cells wide; `money` is the widest
    amount the value columns must hold (they grow to it, never cut it)."""
    widths = {c.key: c.width for c in COLUMNS}
    if width < 60:
        widths["stage"] = 9
        widths["value"] = 6
    for key in ("value", "weighted"):
        widths[key] = max(widths[key], money)
    for c in COLUMNS:  # a short number column is never narrower than its heading ('到期')
        if c.right and c.label:
            widths[c.key] = max(widths[c.key], cell_len(_(c.label)))
    fixed = sum(widths[k] + 1 for k in SHOWN_FIRST if k != "company") + 1
    widths["company"] = max(10, min(30, width - fixed))  # narrow: names give way first
    return widths


class CustomerTable(SteadyScrollView, can_focus=True):
    """Customers as rows; arrows move, enter chooses, a click on a heading sorts."""

    DEFAULT_CSS = """
    CustomerTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
    }
    CustomerTable > .customer-table--header { text-style: bold; background: $panel; color: $text; }
    CustomerTable > .customer-table--cursor { background: $block-cursor-blurred-background; }
    CustomerTable:focus > .customer-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    CustomerTable > .customer-table--closed { color: $text-muted; }
    CustomerTable > .customer-table--rotting { color: $error; }
    CustomerTable > .customer-table--new { color: $accent; }
    CustomerTable > .customer-table--due { color: $warning; }
    CustomerTable > .customer-table--empty { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES = {
        "customer-table--header",
        "customer-table--cursor",
        "customer-table--closed",
        "customer-table--rotting",
        "customer-table--new",
        "customer-table--due",
        "customer-table--empty",
    }

    BINDINGS = [
        Binding("up", "move(-1)", N_("Up"), show=False),
        Binding("down", "move(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "jump(0)", N_("First"), show=False),
        Binding("end", "jump(-1)", N_("Last"), show=False),
        Binding("enter", "choose", N_("Work on"), show=False),
        Binding("left", "scroll_left", N_("Scroll left"), show=False),
        Binding("right", "scroll_right", N_("Scroll right"), show=False),
    ]

    def __init__(
        self, game: Game | None = None, *, id: str | None = None, classes: str | None = None
    ):
        super().__init__(id=id, classes=classes)
        self.game = game
        """The game whose customers are listed (set by the screen)."""
        self.rows: list[int] = []
        """Customer indices in display order."""
        self.cursor = 0
        """Row of the cursor (an index into `rows`)."""
        self.sort = "index"
        """Current sort key, shown as an arrow in the heading."""
        self.descending = False
        """Whether the sort is descending."""
        self.empty_text = _("No customers match.")
        """What the table says when `rows` is empty."""
        self.widths = column_widths(80)
        """Cell width of each column now."""
        self._cache: dict[int, tuple[Strip, str]] = {}
        self._cache_version: tuple[Any, ...] | None = None
        self._cache_seen = 0
        self._touched: set[int] | None = None
        self._heading: tuple[str, bool, str] | None = None
        self._base: Style | None = None
        self._money_key: int | None = None
        self._money_cells = 0

    def _money_width(self) -> int:
        game = self.game
        if game is None:
            return 0
        key = id(game.scenario)
        if self._money_key != key:
            sc = game.scenario
            top = max((p.deal_max for p in sc.personas), default=0)
            self._money_key, self._money_cells = key, money_width(Formatter.of(sc.metadata), top)
        return self._money_cells

    # ------------------------------------------------------------------ data in
    @property
    def customer(self) -> int | None:
        """The customer index under the cursor, or None."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def set_rows(self, rows: list[int], keep: int | None = None) -> None:
        """Show `rows`; keep the cursor on customer `keep` if it is still listed."""
        before = self.customer
        view = (self.cursor, self.scroll_offset, self.virtual_size, self._heading)
        self._heading = (self.sort, self.descending, self.empty_text)
        same_rows = rows is self.rows or rows == self.rows
        self._sync_cache()
        changed, self._touched = self._touched, set()
        self.rows = rows
        if keep is not None and 0 <= self.cursor < len(rows) and rows[self.cursor] == keep:
            pass  # the cursor's customer is still on its row: no search through the list
        elif keep is not None:
            try:
                self.cursor = rows.index(keep)
            except ValueError:
                self.cursor = min(self.cursor, max(0, len(rows) - 1))
        else:
            self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        if (
            same_rows
            and changed is not None
            and view
            == (
                self.cursor,
                self.scroll_offset,
                self.virtual_size,
                self._heading,
            )
        ):
            # The same rows in the same place (an action on a customer, sorted by something
            # it did not change): repaint only the rows of the customers the game touched.
            top = round(self.scroll_y)
            for row in range(top, min(len(rows), top + self.size.height)):
                if rows[row] in changed:
                    self.refresh_line(row + 1)
        else:
            self.refresh()
        if self.customer != before:
            self.post_message(
                CustomerHighlighted(self.customer if self.customer is not None else -1)
            )

    def _update_virtual_size(self) -> None:
        self.widths = column_widths(
            self.scrollable_content_region.width or self.size.width, self._money_width()
        )
        new = Size(sum(w + 1 for w in self.widths.values()), len(self.rows) + 1)
        old = self.virtual_size
        if new == old:
            return
        height = self.scrollable_content_region.height
        same_bars = (
            new.width == old.width
            and self.size.height > 0
            and (new.height > height) == (old.height > height)
        )
        if same_bars and hasattr(self, "_scroll_update"):
            # Only the number of rows changed and the scrollbars stay as they are: update the
            # scroll range without a layout pass of the whole screen (a filter keystroke on a
            # long list would otherwise pay for re-laying out every widget on the desk).
            self.set_reactive(CustomerTable.virtual_size, new)
            self._scroll_update(new)
            self.refresh()
        else:
            self.virtual_size = new

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def select_customer(self, index: int) -> bool:
        """Move the cursor to customer `index`; False when it is not listed."""
        try:
            row = self.rows.index(index)
        except ValueError:
            return False
        self._set_cursor(row)
        return True

    # ------------------------------------------------------------------ actions
    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        self._set_cursor(0 if where == 0 else len(self.rows) - 1)

    def action_choose(self) -> None:
        if self.customer is not None:
            self.post_message(CustomerChosen(self.customer))

    def _set_cursor(self, row: int) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor:
            return
        was, self.cursor = self.cursor, row
        scroll = self.scroll_offset
        self._scroll_cursor_into_view()
        if self.scroll_offset == scroll:  # only the old and the new cursor rows change
            self.refresh_line(was + 1)
            self.refresh_line(row + 1)
        else:
            self.refresh()
        self.post_message(CustomerHighlighted(self.rows[row]))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    # ------------------------------------------------------------------ mouse
    def on_click(self, event: events.Click) -> None:
        x = event.x + round(self.scroll_x)
        if event.y == 0:
            col = self._column_at(x)
            if col is not None and col.sort:
                self.post_message(SortChosen(col.sort))
            return
        row = round(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            was = self.cursor
            self._set_cursor(row)
            if was == row or event.chain >= 2:
                self.action_choose()

    def _column_at(self, x: int) -> Column | None:
        pos = 0
        for col in COLUMNS:
            w = self.widths[col.key]
            if pos <= x < pos + w + 1:
                return col
            pos += w + 1
        return None

    # ------------------------------------------------------------------ rendering
    def forget_rows(self) -> None:
        """Format every row again when next painted (e.g. after an identity changed)."""
        self._cache_version = None
        self.refresh()

    def _sync_cache(self) -> None:
        """Drop the cached rows the game changed since they were formatted: the customers
        named by the new log entries, or all of them after a new day, another game or another
        width. What was dropped is remembered until `set_rows` repaints those rows."""
        game = self.game
        if game is None:
            return
        version = (id(game), game.day, tuple(self.widths.values()))
        n = len(game.log)
        if version != self._cache_version or n < self._cache_seen:
            self._cache_version, self._cache_seen = version, n
            self._cache.clear()
            self._touched = None
            return
        if n > self._cache_seen:
            touched = touched_since(game, self._cache_seen)
            self._cache_seen = n
            for index in touched:
                self._cache.pop(index, None)
            if self._touched is not None:
                self._touched |= touched

    def render_lines(self, crop: Region) -> list[Strip]:
        self._sync_cache()
        self._base = self.rich_style  # one walk up the DOM per paint, not one per line
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        base = self._base or self.rich_style
        if y == 0:
            style = self.get_component_rich_style("customer-table--header")
            return self._fit_strip(self._header(), base + style, scroll_x, width)
        row = round(self.scroll_y) + y - 1
        if not self.rows:
            if y == 1:
                style = self.get_component_rich_style("customer-table--empty")
                return self._fit_strip(
                    Strip([Segment(" " + self.empty_text)]), base + style, 0, width
                )
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        strip, kind = self._row_strip(self.rows[row])
        style = base
        if kind:
            style += self.get_component_rich_style(f"customer-table--{kind}")
        if row == self.cursor:
            style += self.get_component_rich_style("customer-table--cursor")
        return self._fit_strip(strip, style, scroll_x, width)

    def _fit_strip(self, strip: Strip, style: Style, scroll_x: int, width: int) -> Strip:
        strip = strip.crop(scroll_x, scroll_x + width).apply_style(style)
        return strip.extend_cell_length(width, style).crop(0, width)

    def _header(self) -> Strip:
        parts = []
        for col in COLUMNS:
            label = _(col.label)
            if col.sort and col.sort == self.sort and col.key != "flags":
                label += "▼" if self.descending else "▲"
            parts.append(_fit(label, self.widths[col.key], col.right) + " ")
        return Strip([Segment("".join(parts))])

    def _row_strip(self, index: int) -> tuple[Strip, str]:
        """Customer `index`'s row (unstyled but for its markers) and its kind, cached until
        the game changes the customer (`_sync_cache`, once per paint)."""
        assert self.game is not None  # rows exist only once the screen set the game
        hit = self._cache.get(index)
        if hit is None:
            hit = self._cache[index] = self._row(index)
        return hit

    def _row(self, index: int) -> tuple[Strip, str]:
        game = self.game
        assert game is not None
        c = game.customers[index]
        st = game.stage_of(c)
        fm = Formatter.of(game.scenario.metadata)
        ident = game.identity(index)
        rotting = game.is_rotting(c)
        due = c.next_step is not None and c.next_step[0] <= game.day
        new = c.inbound and c.answered_day is None and c.is_open
        if rotting:
            first = Segment("●", ROT)
        elif new:
            first = Segment("✚", NEW)
        elif c.is_open and game.evident_bad_fit(c):
            first = Segment("✗", BAD)
        else:
            first = Segment(" ")
        segments = [
            first,
            Segment("◆", DUE)
            if due
            else (Segment("…", DIM) if c.pending is not None else Segment(" ")),
            Segment(" "),
        ]
        if c.is_open:
            idle = str(c.days_idle(game.day))
        else:
            idle = _("won") if c.close_reason == "won" else _("lost")
        cells = {
            "company": ident.company,
            "stage": st.label,
            "value": fm.compact(c.value),
            "prob": f"{st.probability}",
            "weighted": fm.compact(c.value * st.probability / 100),
            "idle": idle,
            "due": f"d{c.next_step[0]}" if c.next_step else "—",
            "contact": ident.contact,
            "city": ident.city,
            "index": str(index),
        }
        widths = self.widths
        segments.append(
            Segment(
                "".join(
                    _fit(cells[col.key], widths[col.key], col.right) + " " for col in COLUMNS[1:]
                )
            )
        )
        if not c.is_open:
            kind = "closed"
        elif rotting:
            kind = "rotting"
        elif new:
            kind = "new"
        elif due:
            kind = "due"
        else:
            kind = ""
        return Strip(segments), kind

    def row_cells(self, index: int) -> str:
        """The plain text of customer `index`'s row (for tests and benchmarks)."""
        return self._row(index)[0].text


ROT = Style(bold=True, color="red")
NEW = Style(bold=True, color="cyan")
DUE = Style(bold=True, color="yellow")
DIM = Style(dim=True)
BAD = Style(bold=True, color="magenta")


def _fit(value: str, width: int, right: bool = False) -> str:
    """Cut or pad `value` to exactly `width` cells (an ellipsis marks a cut)."""
    value = value.replace("\n", " ")
    size = cell_len(value)
    if size > width:
        return set_cell_size(value, max(0, width - 1)) + "…"
    pad = " " * (width - size)
    return pad + value if right else value + pad
