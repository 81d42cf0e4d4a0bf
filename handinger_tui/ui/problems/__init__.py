"""The Problems view (`!`): what is failing across every tracked worker."""
