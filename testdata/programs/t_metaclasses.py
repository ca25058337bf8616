"""Metaclasses: a tiny ORM with field registration, validation and plugin registry."""


class Field:
    def __init__(self, kind, default=None):
        self.kind = kind
        self.default = default
        self.name = None

    def __repr__(self):
        return f"Field({self.kind.__name__}, name={self.name!r})"


class ModelMeta(type):
    registry = {}

    @classmethod
    def __prepare__(mcs, name, bases, **kwargs):
        print(f"  __prepare__ {name} kwargs={kwargs}")
        return {}

    def __new__(mcs, name, bases, namespace, table=None, **kwargs):
        fields = {}
        for base in bases:
            fields.update(getattr(base, "_fields", {}))
        for key, value in list(namespace.items()):
            if isinstance(value, Field):
                value.name = key
                fields[key] = value
                del namespace[key]
        namespace["_fields"] = fields
        namespace["_table"] = table or name.lower() + "s"
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        if bases:
            mcs.registry[name] = cls
        return cls

    def __init__(cls, name, bases, namespace, **kwargs):
        super().__init__(name, bases, namespace)
        cls._created_order = len(ModelMeta.registry)

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj._validate()
        return obj

    def __repr__(cls):
        return f"<model {cls.__name__} table={cls._table}>"

    def __len__(cls):
        return len(cls._fields)

    def __iter__(cls):
        return iter(cls._fields)


class Model(metaclass=ModelMeta):
    def __init__(self, **values):
        for name, field in self._fields.items():
            setattr(self, name, values.pop(name, field.default))
        if values:
            raise TypeError(f"unknown fields for {type(self).__name__}: {sorted(values)}")

    def _validate(self):
        for name, field in self._fields.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, field.kind):
                raise TypeError(f"{type(self).__name__}.{name} must be {field.kind.__name__}, got {type(value).__name__}")

    def to_sql(self):
        cols = ", ".join(self._fields)
        vals = ", ".join(repr(getattr(self, n)) for n in self._fields)
        return f"INSERT INTO {self._table} ({cols}) VALUES ({vals})"


class User(Model, table="app_users"):
    id = Field(int)
    name = Field(str, default="anon")


class Admin(User):
    level = Field(int, default=1)


class Product(Model):
    sku = Field(str)
    price = Field(float, default=0.0)


print(User, Admin, Product)
print("fields:", list(User), list(Admin), len(Product))
print("registry:", sorted(ModelMeta.registry), "order:", [ModelMeta.registry[n]._created_order for n in ("User", "Admin", "Product")])
print(User(id=1, name="ann").to_sql())
print(Admin(id=2).to_sql())
print(Product(sku="X1", price=9.5).to_sql())
for bad in [lambda: User(id="one"), lambda: Product(sku="a", colour="red")]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
print("type of class:", type(User).__name__, type(ModelMeta).__name__, isinstance(User, ModelMeta))
print("name attr hidden:", "name" in User.__dict__, User._fields["name"])


class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]


class Config(metaclass=Singleton):
    def __init__(self):
        print("  Config created once")
        self.values = {}


Config().values["a"] = 1
print("singleton:", Config() is Config(), Config().values)

Dynamic = type("Dynamic", (Model,), {"code": Field(str), "describe": lambda self: f"Dynamic({self.code})"})
print("type() created:", Dynamic, Dynamic(code="zz").describe(), Dynamic.__mro__[1].__name__)


class Meta2(type):
    pass


try:
    class Mixed(User, metaclass=Meta2):
        pass
except TypeError as e:
    print("TypeError:", e)


class Plugin:
    plugins = []

    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__
        Plugin.plugins.append(cls.plugin_name)


class CsvExport(Plugin, name="csv"):
    pass


class JsonExport(Plugin):
    pass


print("plugins:", Plugin.plugins, CsvExport.plugin_name)
print("class_getitem:", type("G", (), {"__class_getitem__": classmethod(lambda c, k: f"{c.__name__}[{k.__name__}]")})[int])
