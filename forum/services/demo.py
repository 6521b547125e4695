def load_demo():
    return "demo"
