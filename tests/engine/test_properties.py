"""Property tests: whatever the trainee does, meters stay in range and stages move only as allowed."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine import Game


def allowed_moves(sc):
    targets = {a.success.move_to for a in sc.actions} | {a.failure.move_to for a in sc.actions}
    targets |= {e.move_to for e in sc.events}
    targets |= {sc.lost_stage.id}
    return {t for t in targets if t}


command = st.one_of(
    st.tuples(
        st.just("act"),
        st.integers(0, 15),
        st.sampled_from(
            [
                "call",
                "email",
                "discovery",
                "demo",
                "consultant",
                "proposal",
                "negotiate",
                "discount",
                "lunch",
                "reference",
                "close",
                "disqualify",
            ]
        ),
    ),
    st.tuples(st.just("end_day"), st.just(0), st.just("")),
    st.tuples(st.just("forecast"), st.integers(0, 15), st.just("")),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31), cmds=st.lists(command, max_size=80))
def test_meters_in_range_and_moves_allowed(tutorial, seed, cmds):
    g = Game(tutorial, seed)
    targets = allowed_moves(tutorial)
    for kind, i, action in cmds:
        if kind == "act":
            g.act(i, action)
        elif kind == "end_day":
            g.end_day()
        else:
            g.commit_forecast([i])
        for c in g.customers:
            for m in tutorial.meters:
                assert m.min <= c.meters[m.id] <= m.max
            assert c.value >= 0
        assert g.hours_left >= 0
    for e in g.log:
        if e.type == "stage_changed":
            assert e.to in targets
            assert tutorial.stage(e.from_).is_open
