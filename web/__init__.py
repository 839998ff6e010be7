"""The delivery side of chidao: the Flask web application, the command line and the
composition root that wires the engine to persistence."""
