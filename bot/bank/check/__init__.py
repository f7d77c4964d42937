"""Reading and checking the bank: YAML documents, rules, cross-file and translation checks."""
