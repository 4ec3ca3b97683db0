import sys
# A small operating-system simulation in the spirit of Richards' benchmark:
# a priority scheduler runs tasks that pass packets along queues
# (idle -> worker -> handlers -> devices -> back to the worker).

class Packet:
    __slots_hint__ = ("link", "dest", "kind", "datum", "data")
    def __init__(self, dest, kind):
        self.link = None
        self.dest = dest
        self.kind = kind
        self.datum = 0
        self.data = [0, 0, 0, 0]

class Queue:
    def __init__(self):
        self.head = None
        self.tail = None
        self.size = 0
    def push(self, p):
        p.link = None
        if self.tail is None:
            self.head = self.tail = p
        else:
            self.tail.link = p
            self.tail = p
        self.size += 1
    def pop(self):
        p = self.head
        self.head = p.link
        if self.head is None:
            self.tail = None
        self.size -= 1
        return p

class Task:
    def __init__(self, name, priority):
        self.name = name
        self.priority = priority
        self.inbox = Queue()
        self.runs = 0
    def ready(self):
        return self.inbox.size > 0
    def step(self, sched):
        self.runs += 1
        self.handle(sched, self.inbox.pop())

class Idle(Task):
    def __init__(self, count):
        super().__init__("idle", 0)
        self.count = count
        self.seed = 1
    def ready(self):
        return self.count > 0
    def step(self, sched):
        self.runs += 1
        self.count -= 1
        self.seed = (self.seed * 1103515245 + 12345) % 2147483648
        sched.send(Packet("worker", "work"))

class Worker(Task):
    def __init__(self):
        super().__init__("worker", 1)
        self.toggle = False
        self.letter = 0
    def handle(self, sched, p):
        if p.kind == "done":
            sched.completed += 1
            return
        self.toggle = not self.toggle
        p.dest = "handler_a" if self.toggle else "handler_b"
        for i in range(4):
            self.letter = self.letter % 26 + 1
            p.data[i] = self.letter
        sched.send(p)

class Handler(Task):
    def __init__(self, name, device, priority):
        super().__init__(name, priority)
        self.device = device
    def handle(self, sched, p):
        if p.datum < 4:
            p.datum += 1
            p.dest = self.device
        else:
            p.dest = "worker"
            p.kind = "done"
        sched.send(p)

class Device(Task):
    def __init__(self, name, handler, priority):
        super().__init__(name, priority)
        self.handler = handler
        self.total = 0
    def handle(self, sched, p):
        self.total += p.data[p.datum - 1]
        p.dest = self.handler
        sched.send(p)

class Scheduler:
    def __init__(self, tasks):
        self.tasks = sorted(tasks, key=lambda t: -t.priority)
        self.by_name = {t.name: t for t in tasks}
        self.sent = 0
        self.completed = 0
    def send(self, p):
        self.sent += 1
        self.by_name[p.dest].inbox.push(p)
    def run(self):
        steps = 0
        while True:
            for t in self.tasks:
                if t.ready():
                    t.step(self)
                    steps += 1
                    break
            else:
                return steps

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
tasks = [Idle(n), Worker(), Handler("handler_a", "device_a", 2), Handler("handler_b", "device_b", 3),
         Device("device_a", "handler_a", 4), Device("device_b", "handler_b", 5)]
s = Scheduler(tasks)
print(s.run(), s.sent, s.completed, [(t.name, t.runs) for t in tasks], tasks[4].total, tasks[5].total)
