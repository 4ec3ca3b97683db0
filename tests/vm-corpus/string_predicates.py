tests = ["abc", "ABC", "Abc", "123", "12.5", "", " ", "a1", "_x", "x y", "\t\n"]
for t in tests:
    print(repr(t), t.isalpha(), t.isdigit(), t.isalnum(), t.isspace(), t.isupper(), t.islower(), t.isidentifier())
