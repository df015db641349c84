"""Call recordings: the disk cache, fetching through the account's provider client, and saving many into a folder."""
