"""Infrastructure code → a scenario: CloudFormation/SAM (and what CDK and the Serverless
Framework synthesise), and Terraform plan JSON.

The readers turn a template into `ImportedFunction` records in the scenario's own keys,
each value with the FILE:LINE it came from; `usage` adds what infrastructure code does not
hold (requests, durations); `emit` writes the commented scenario file. The scenario loader
then validates the result like any file, naming the template's or usage file's line when a
value is wrong, and the cost engine prices it: nothing here knows a billing rule.
"""
