"""The built-in practices as the menu lists them: generated, do not edit.

Made by `python -m mbsr_tui.core.index_writer` from sessions/*.toml; the menu's first
frame is drawn from it (see menu_index.py), and a test checks it matches the files.
"""

# ruff: noqa: E501
# fmt: off
ENTRIES = (
    ('sitting', 'Sitting meditation', 'Sitting quietly with breath, body, sounds and thoughts. Mostly silence; a soft bell every five minutes.', 'sitting', 'sitting', 20, '', False),
    ('body-scan', 'Body scan', 'Lying down, moving attention slowly through the body, from the toes to the top of the head.', 'body-scan', 'lying', 20, '', False),
    ('daily-routine', 'Daily practice', 'A short everyday routine: check in, breathe, scan the body, sit, and reflect.', 'routine', 'sitting', 15, '', False),
    ('breathing-space', 'Three-minute breathing space', 'A short pause in three steps: noticing what is here, gathering on the breath, widening to the whole body.', 'sitting', 'sitting', 3, '', False),
    ('mountain', 'Mountain meditation', 'Sitting still and steady like a mountain, while weather, seasons and thoughts pass by.', 'sitting', 'sitting', 20, '', False),
    ('loving-kindness', 'Loving-kindness', 'Silently offering simple, kind wishes: to yourself, to others, and to all beings.', 'sitting', 'sitting', 15, '', False),
    ('working-with-pain', 'Working with pain', 'Turning gently toward a place of discomfort, with a way back to the breath whenever it is too much.', 'sitting', 'sitting', 15, 'This practice turns your attention gently toward pain. It never asks you to push into it. Whenever it feels like too much, come back to the breath, or to your hands or feet, for as long as you need. Stopping is always fine.\n\nIf your pain is new, sharp or changing, please speak with a health professional. This practice goes alongside medical care, not instead of it.', False),
    ('day-of-practice', 'A day of practice', 'A long, quiet day of practice: sitting, walking, movement, a body scan, a mindful meal and loving-kindness.', 'routine', 'sitting', 240, 'This is a long practice. Rest, drink water, stretch, lie down or change position whenever you need to: taking care of your body is part of the day.\n\nMove only within a comfortable range, and stop any movement that brings sharp pain, dizziness or breathlessness. You can pause at any time, or end the day early.', False),
    ('counted-breathing', 'Counted breathing', 'Counting breaths from one to ten, then starting again at one.', 'breathing', 'sitting', 5, '', False),
    ('diaphragmatic-breathing', 'Diaphragmatic breathing', 'Slow belly breathing, about six breaths a minute, with a longer out-breath.', 'breathing', 'sitting', 5, '', False),
    ('alternate-nostril', 'Alternate-nostril breathing', 'Breathing through one nostril at a time, with a long, slow out-breath.', 'breathing', 'sitting', 5, 'Breathe gently, without any strain. If you feel any discomfort, dizziness or shortness of breath, lower your hand and return to normal breathing.\n\nIf you have asthma or another breathing or lung problem, choose a plain breath-awareness practice instead, such as counted breathing.', False),
    ('kapalabhati', 'Kapalabhati (optional, advanced)', 'Short, brisk out-breaths from the belly, in small rounds with rests. Optional and advanced.', 'breathing', 'sitting', 3, 'Kapalabhati is an optional, advanced breathing practice. It is not one of the core MBSR practices, and choosing a gentler one instead is always fine.\n\nPlease leave it out if you have high blood pressure, heart disease, a hernia, back pain from a slipped disc, recent surgery on your abdomen, epilepsy or vertigo, or if you are pregnant.\n\nPractise only on an empty stomach. Stop straight away if you feel any pain or dizziness, and breathe normally.\n\nThis practice is meant to go alongside medical care, not to replace it. If you are unsure whether it suits you, speak with a health professional first.', True),
    ('walking', 'Walking meditation', 'Slow walking back and forth along a short path, one step at a time.', 'walking', 'walking', 15, 'Walk on a steady, even surface with room for 10 to 20 steps. If your balance is unsure, walk beside a wall, a rail or a sturdy chair you can hold. You can stop and stand still at any time.', False),
    ('mindful-movement', 'Mindful movement', 'Gentle movements for the back, lying on the floor, moving slowly with the breath.', 'movement', 'lying', 15, 'These movements are gentle, but every back is different. If you can, check with a doctor or physiotherapist before you start, and follow their advice over anything here.\n\nMove only within a range that feels comfortable. Stop any movement that brings sharp pain, dizziness or breathlessness. Rest whenever you need to, and skip anything that does not suit you today.\n\nThis practice is meant to go alongside medical care, not to replace it.', False),
)
# fmt: on
