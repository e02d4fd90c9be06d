"""Error type shared by every stage: a list of user-facing messages.

A stage that finds problems raises ConfigError with all of them; cli.py
prints each on its own line and exits non-zero.  No stage lets another
exception reach the user.
"""


class ConfigError(Exception):
    def __init__(self, messages):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))
