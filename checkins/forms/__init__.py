"""Forms of the runner's week, one module per page family as in `checkins/views/`: a run typed
in the runner's units (`runs`), activity file uploads (`imports`), the weekly review and its
comments (`reviews`), and setbacks (`setbacks`). Business rules stay in the services and
models the forms call."""
