"""Forms of the goal pages, one module per page family: a goal as typed, checked SMART as it
is typed, and letting a goal go or ticking it off (`goals`); a goal's milestone (`milestones`);
a benchmark run (`benchmarks`); and what the goal and milestone forms share, a target typed in
the runner's units and the date picker (`values`). Business rules stay in the services and
models the forms call."""
