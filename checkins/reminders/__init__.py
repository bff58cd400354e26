"""Weekly review reminders, the 48-hour nudge and the coach's Monday digest, by responsibility:

- `moments`: when each e-mail is due in its recipient's zone, the e-mail (`Outgoing`) whose
  moment has come, and which reminders and nudges are due;
- `digest`: the coach's Monday digest, when it goes out and the flagged runners it lists, from
  the `attention_source` coaching hands over;
- `sending`: the sweep, which claims every due e-mail before sending it so none goes out
  twice, and the latest reminder a runner was sent.
"""
