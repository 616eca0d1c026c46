"""Vocabulary and configuration: the plain values every other layer speaks in.

Types, records, configuration, content, the organisation, schedules, logging set-up. This layer imports
nothing else of Kinship's (only the standard library, PyYAML); every other layer may import it.
"""
