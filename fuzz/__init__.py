"""Fuzzing salesim's untrusted inputs (`make fuzz`, `python -m fuzz`): see fuzz/targets.py."""
