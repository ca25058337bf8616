"""Mixed: a tiny stack-based bytecode VM running compiled loops and function calls."""

DEFAULT_N = 25000

PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, CALL, RET, HALT, DUP, POP = range(15)


def assemble(lines):
    labels = {}
    code = []
    pc = 0
    for line in lines:
        if line.endswith(":"):
            labels[line[:-1]] = pc
        else:
            pc += len(line.split())
    names = {"push": PUSH, "load": LOAD, "store": STORE, "add": ADD, "sub": SUB, "mul": MUL,
             "mod": MOD, "lt": LT, "jz": JZ, "jmp": JMP, "call": CALL, "ret": RET,
             "halt": HALT, "dup": DUP, "pop": POP}
    for line in lines:
        if line.endswith(":"):
            continue
        parts = line.split()
        code.append(names[parts[0]])
        for arg in parts[1:]:
            code.append(labels[arg] if arg in labels else int(arg))
    return code


PROGRAM = [
    # main: acc = 0; i = 0; while i < n: acc = (acc + square(i)) % 1000003; i += 1
    "push 0", "store 1",
    "push 0", "store 2",
    "loop:",
    "load 2", "load 0", "lt", "jz end",
    "load 1", "load 2", "call square", "add", "push 1000003", "mod", "store 1",
    "load 2", "push 1", "add", "store 2",
    "jmp loop",
    "end:",
    "load 1", "halt",
    "square:",
    "dup", "mul", "push 7", "add", "ret",
]


class VM:
    def __init__(self, code):
        self.code = code
        self.stack = []
        self.frames = []
        self.vars = [0] * 8
        self.steps = 0

    def run(self, n):
        code = self.code
        stack = self.stack
        v = self.vars
        v[0] = n
        pc = 0
        while True:
            op = code[pc]
            self.steps += 1
            if op == PUSH:
                stack.append(code[pc + 1])
                pc += 2
            elif op == LOAD:
                stack.append(v[code[pc + 1]])
                pc += 2
            elif op == STORE:
                v[code[pc + 1]] = stack.pop()
                pc += 2
            elif op == ADD:
                b = stack.pop()
                stack.append(stack.pop() + b)
                pc += 1
            elif op == SUB:
                b = stack.pop()
                stack.append(stack.pop() - b)
                pc += 1
            elif op == MUL:
                b = stack.pop()
                stack.append(stack.pop() * b)
                pc += 1
            elif op == MOD:
                b = stack.pop()
                stack.append(stack.pop() % b)
                pc += 1
            elif op == LT:
                b = stack.pop()
                stack.append(1 if stack.pop() < b else 0)
                pc += 1
            elif op == JZ:
                if stack.pop() == 0:
                    pc = code[pc + 1]
                else:
                    pc += 2
            elif op == JMP:
                pc = code[pc + 1]
            elif op == CALL:
                self.frames.append(pc + 2)
                pc = code[pc + 1]
            elif op == RET:
                pc = self.frames.pop()
            elif op == DUP:
                stack.append(stack[-1])
                pc += 1
            elif op == POP:
                stack.pop()
                pc += 1
            elif op == HALT:
                return stack.pop()
            else:
                raise RuntimeError("bad opcode %d" % op)


def run(n):
    code = assemble(PROGRAM)
    results = []
    steps = 0
    for k in range(4):
        vm = VM(code)
        results.append(vm.run(n + k))
        steps += vm.steps
    return "%s|%d|%d" % (",".join(str(r) for r in results), steps, len(code))
