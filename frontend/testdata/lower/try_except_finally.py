def parse(text):
    try:
        value = int(text)
    except ValueError as error:
        value = str(error)
    finally:
        print("done")
    return value
