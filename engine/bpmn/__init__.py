"""The SpiffWorkflow wrapper: parsing and validating diagrams, the restricted script
environment, the state serializer and the runtime that steps workflows."""
