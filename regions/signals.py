from django.dispatch import Signal

# Sent after the register is loaded in bulk (bulk writes send no save signals): apps that cache what the
# register shows listen to it.
register_changed = Signal()
