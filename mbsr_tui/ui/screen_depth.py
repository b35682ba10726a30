"""How deep the app's screen stack is when the menu is on top."""

# Screens up to and including the menu: the menu is the app's default screen.
MENU_DEPTH = 1
