"""Sitting together (issue 10): rooms in one folder shared by a host's users.

- `folder`: the rooms folder, whether it can be trusted, and the only ways this app
  reads (bounded, never following links) and writes (owned files, atomic rename) there.
- `room`: a room file: its format, its validation, the whole session it carries.
- `presence`: one small file per person in a room, with a heartbeat.
- `accounts`: the account that owns a file, shown beside the name a person chose.
- `listing`: reading rooms for a list (headers only) and for joining (by name), in a
  folder another account may have flooded.
- `shared`: the shared timeline's arithmetic (one start time, the host's pauses), the
  clock a participant's player runs on, and what each person's journal keeps.
- `rooms`: hosting and sitting: one person's files in a room (`Seat`), built from the above.

Pure Python, like the rest of the core: no Textual, no Rich, no pygame.
"""
