// `import Planner` is the whole library for its clients (the CLI, the benchmark, tests):
// the stages stay separate targets, so inside the planner each one imports only what it may.
@_exported import PlannerModel
@_exported import PlannerLoad
@_exported import PlannerDates
@_exported import PlannerSchedule
@_exported import PlannerCheck
@_exported import PlannerResources
@_exported import PlannerProgress
