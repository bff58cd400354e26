"""The pages of the runner's week, one module per page family: the run log (`runs`), file
imports (`imports`), the weekly review (`reviews`) and its conversation (`comments`),
setbacks (`setbacks`) and the links in e-mails (`emails`). The decorators they share are in
`decorators`; week URLs carry a date through `checkins.converters.IsoDateConverter`."""
