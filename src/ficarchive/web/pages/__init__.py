"""Page handlers, one module per page family; each offers `routes(ctx)`."""
