"""The output contract: Arrow schemas of every dataset."""
