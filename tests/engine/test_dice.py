"""Dice cannot be re-rolled: an action's outcome depends on the seed, the customer and that
customer's own history, never on unrelated actions elsewhere (the what-if save-scum)."""

from sim.engine import Game


def close_outcome(tutorial, seed, before=()):
    g = Game(tutorial, seed)
    for customer, action in before:
        assert g.act(customer, action).ok
    negotiation = next(c for c in g.customers if c.stage == "negotiation")
    ev = g.act(negotiation.index, "close").events[0]
    return ev.success, ev.chance


def test_acting_on_someone_else_first_does_not_change_a_close(tutorial):
    outcomes = set()
    for seed in range(1, 41):
        plain = close_outcome(tutorial, seed)
        outcomes.add(plain[0])
        lead = next(c.index for c in Game(tutorial, seed).customers if c.stage == "lead")
        assert close_outcome(tutorial, seed, [(lead, "email"), (lead, "call")]) == plain, seed
    assert outcomes == {True, False}  # the close is a real gamble, not fixed


def test_a_second_attempt_gets_its_own_roll_and_the_same_one_on_replay(tutorial):
    a, b = Game(tutorial, 7), Game(tutorial, 7)
    for g in (a, b):
        lead = next(c.index for c in g.customers if c.stage == "lead")
        g.act(lead, "email")
        g.act(lead, "email")
    assert a.log_jsonl() == b.log_jsonl()


def test_chance_events_and_arrivals_do_not_depend_on_what_the_trainee_did(tutorial):
    def night(actions):
        g = Game(tutorial, 11)
        for customer, action in actions:
            g.act(customer, action)
        g.end_day()
        return [
            (e.customer, e.persona, e.value)
            for e in g.log
            if e.type == "lead_arrived" and e.day == 2
        ]

    assert night([]) == night([(0, "email"), (1, "email")])
