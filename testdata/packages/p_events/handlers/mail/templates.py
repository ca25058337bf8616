"""Mail templates rendered for user events."""
from ... import bus
from ...bus import Event
from .. import audit

OUTBOX = []


class Template:
    def __init__(self, subject, body):
        self.subject = subject
        self.body = body

    def render(self, **values):
        return self.subject.format(**values), self.body.format(**values)

    def __eq__(self, other):
        return isinstance(other, Template) and (self.subject, self.body) == (other.subject, other.body)


WELCOME = Template("Welcome {name}!", "Hi {name}, your id is {uid}.")


@bus.BUS.subscribe("user.created")
def send_welcome(event):
    subject, body = WELCOME.render(**event.payload)
    OUTBOX.append(subject)
    return f"mail '{subject}' (audit so far {len(audit.TRAIL)})"


def is_event(obj):
    return isinstance(obj, Event)
