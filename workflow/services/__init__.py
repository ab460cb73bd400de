"""Writes of the workflow. Import the service you need from its module."""
