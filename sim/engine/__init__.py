"""The deterministic game engine: no UI, no wall clock, one seeded generator per game."""

from sim.engine.game import ActionOption, Game, GameError, Result, replay

__all__ = ["ActionOption", "Game", "GameError", "Result", "replay"]
