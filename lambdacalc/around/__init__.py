"""The costs around a Lambda function: CloudWatch Logs, API Gateway, SQS, data transfer,
NAT gateways and X-Ray, priced beside (never inside) Lambda's own bill.

* `settings`: the plain, validated inputs (per function and per account);
* `book`: the around-Lambda price book (pricing/around-lambda.json), parsed without I/O;
* `rules`: each service's quantities, one rule each (GB ingested, metered requests, …);
* `engine`: `price_around(workload, book) -> AroundBill`, with the account-level tiers and
  free allowances;
* `uses`: whether a scenario asks for any of these costs (`uses_around`);
* `files`: reading the bundled book or a user's (`--around-prices`), the I/O edge.
"""
