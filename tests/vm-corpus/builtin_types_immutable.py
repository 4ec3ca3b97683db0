# Builtin types cannot be changed (so what is looked up on them stays true).
def set_list(): list.append = 5
def set_str(): str.isdigit = 5
def del_list(): del list.append
def set_dict(): dict.get = len
def set_int(): int.x = 1
def set_object(): object.y = 2
for f in [set_list, set_str, del_list, set_dict, set_int, set_object]:
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
print([1].append(2), "7".isdigit(), {1: 2}.get(1))
