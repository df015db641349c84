"""Provider notifications (VBot webhooks, NXCLOUD callbacks): the receiver, its inbox and `autocall receiver`."""
