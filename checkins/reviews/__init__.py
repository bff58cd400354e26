"""Weekly reviews, by responsibility:

- `weeks`: which weeks can be reviewed, and a week's review pre-filled from the run log;
- `writes`: drafts saved with optimistic concurrency, submission (late after the due moment),
  what a submission needs, and the differences a version conflict shows;
- `conversation`: the comments under a review, its unread markers, and the coach's read marker;
- `standing`: review states, the list of recent weeks, and every athlete's standing (state,
  streak, unread comments) for the roster and the home page.
"""
