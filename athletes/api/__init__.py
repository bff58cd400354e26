"""The athletes app over REST, one module per resource family: people and API tokens
(`accounts`), a coach's squads and invitations (`roster`), a runner's busy periods
(`busy_periods`), and the field types every app's API shares (`fields`). `coaching/api_urls.py`
registers their viewsets on the API router."""
