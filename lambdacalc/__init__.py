"""lambdacalc: plan AWS Lambda cost, concurrency and memory before deploying.

Importing this package must stay cheap: submodules import what they need.
"""

__version__ = "0.1.0"
