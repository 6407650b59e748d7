"""The demo network `make run` loads: Japanese members with profiles (later issues add content)."""
