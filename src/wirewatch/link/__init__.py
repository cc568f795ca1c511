"""The link box: stories, merged events and the actor knowledge base."""
