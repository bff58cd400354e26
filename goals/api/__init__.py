"""The goals API, one module per resource family: goals at `/api/v1/goals/` with their SMART
verdicts, measured progress and change history, abandoned with a reason and assessed as typed
without saving (`goals`, the verdicts' serializers in `verdicts`), their milestones at
`/api/v1/milestones/` (`milestones`) and benchmarks at `/api/v1/benchmarks/` (`benchmarks`),
both saved through the goal services (`saving`). `coaching/api_urls.py` registers their viewsets
on the API router."""
