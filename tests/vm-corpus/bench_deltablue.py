import sys
# A one-way constraint solver in the spirit of DeltaBlue: variables linked
# by equality/scale constraints with strengths; plans re-propagate values.

REQUIRED, STRONG, MEDIUM, WEAK = 0, 1, 2, 3

class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.stay = True

class Constraint:
    def __init__(self, strength):
        self.strength = strength
        self.satisfied = False

class Equal(Constraint):
    def __init__(self, src, dst, strength):
        super().__init__(strength)
        self.src, self.dst = src, dst
        src.constraints.append(self)
        dst.constraints.append(self)
    def execute(self):
        self.dst.value = self.src.value
    def output(self):
        return self.dst

class Scale(Constraint):
    def __init__(self, src, scale, offset, dst, strength):
        super().__init__(strength)
        self.src, self.scale, self.offset, self.dst = src, scale, offset, dst
        src.constraints.append(self)
        dst.constraints.append(self)
    def execute(self):
        self.dst.value = self.src.value * self.scale.value + self.offset.value
    def output(self):
        return self.dst

class Planner:
    def __init__(self):
        self.constraints = []
    def add(self, c):
        out = c.output()
        cur = out.determined_by
        if cur is None or c.strength <= cur.strength:
            if cur is not None:
                cur.satisfied = False
            out.determined_by = c
            c.satisfied = True
        self.constraints.append(c)
    def plan_from(self, var):
        order = []
        todo = [var]
        seen = set()
        while todo:
            v = todo.pop(0)
            if v.name in seen:
                continue
            seen.add(v.name)
            for c in v.constraints:
                if c.satisfied and c.output() is not v:
                    order.append(c)
                    todo.append(c.output())
        return order
    def run(self, plan):
        for c in plan:
            c.execute()

def chain_test(n):
    planner = Planner()
    vars_ = [Variable("v%d" % i) for i in range(n + 1)]
    for i in range(n):
        planner.add(Equal(vars_[i], vars_[i + 1], STRONG))
    plan = planner.plan_from(vars_[0])
    total = 0
    for value in range(50):
        vars_[0].value = value
        planner.run(plan)
        total += vars_[-1].value
    return total

def projection_test(n):
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    srcs, dsts = [], []
    for i in range(n):
        s = Variable("src%d" % i, i)
        d = Variable("dst%d" % i, i)
        srcs.append(s)
        dsts.append(d)
        planner.add(Scale(s, scale, offset, d, REQUIRED))
    checks = 0
    for i in range(n):
        srcs[i].value = 17 + i
        planner.run(planner.plan_from(srcs[i]))
        checks += dsts[i].value
    return checks

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
print(chain_test(n), projection_test(n))
