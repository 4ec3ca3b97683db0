db = {"users": [{"name": "a", "roles": ["admin", "dev"]}, {"name": "b", "roles": []}], "version": 2}
print(db["users"][0]["roles"][1], len(db["users"]), [u["name"] for u in db["users"] if u["roles"]])
db["users"][1]["roles"].append("ops")
print(db)
grid = [[(r, c) for c in range(3)] for r in range(2)]
print(grid[1][2], sum(len(row) for row in grid))
