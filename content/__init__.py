"""Data only: Kinship's content (lessons, prompts, scripts, signposts, answers, references, the demo
organisation) as YAML and markdown, shipped as package data so an installed wheel finds it through
``importlib.resources.files("content")`` whatever the working directory. Nothing here is code; see README.md.
"""
