"""Running work: spec files to tasks, tasks to worker processes under budgets, results through the cache."""
