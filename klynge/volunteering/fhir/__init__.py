"""The FHIR R4 (4.0.1) intake of referrals from partners' systems (docs/fhir.md).

``bundle`` reads and checks a posted transaction Bundle's structure (with
``fhir.resources.R4B``, whose Patient, ServiceRequest, Consent and Task match R4's) and
finds its parts; ``intake`` applies Klynge's own checks and maps the parts to the values of
``actions.do_refer_by_api``; ``resources`` builds what is answered (the transaction
response, Task, CapabilityStatement, OperationOutcome); ``openapi`` describes the endpoint;
``views`` are thin.
"""
