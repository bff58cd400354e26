"""The runner's week over REST, one module per resource family: the run log at `/api/v1/runs/`
(`runs`), file imports and the jobs that follow them (`imports`), weekly reviews with their
comment thread at `/api/v1/reviews/` (`reviews`), and setbacks at `/api/v1/setbacks/`
(`setbacks`). `coaching/api_urls.py` registers their viewsets on the API router."""
