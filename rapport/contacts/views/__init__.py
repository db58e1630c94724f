"""Pages for the network, split by area: contacts, their timeline, organizations."""
