"""policykit: versioned policy documents, clause-level diffs, a published manual.

    raw PDF text --import--> policy markdown --parse--> clause tree
        --diff--> change set --render--> HTML / markdown / JSON / text --publish--> site
"""

__version__ = "0.1.0"
