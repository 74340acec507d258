"""What every app shares about refusing: the one refusal type, and the shape of a permission policy.

It sits below every app (it imports none of them), so that any service may raise the refusal and any view,
the API included, may show it the same way.
"""
