"""The learning core: lessons, quizzes, progress and scheduling, with no chat client inside."""
