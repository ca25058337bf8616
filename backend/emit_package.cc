#include "backend/emit_package.h"

#include <map>
#include <optional>

#include "llvm/IR/Constants.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/IPO/Internalize.h"
#include "backend/emit_native.h"

namespace pyaot::backend {
namespace {

class PackageEmitter {
 public:
  PackageEmitter(const PackageImage& package, llvm::LLVMContext& context,
                 std::unique_ptr<llvm::Module> native_ops, bool debug_info, bool optimized,
                 DebugMiscompile miscompile)
      : package_(package),
        context_(context),
        module_(std::move(native_ops)),
        ptr_(llvm::PointerType::getUnqual(context)),
        i64_(llvm::Type::getInt64Ty(context)),
        optimized_(optimized),
        miscompile_(miscompile) {
    if (debug_info) start_debug_info(optimized);
  }

  // The whole package in one module: the --emit=llvm/obj view.
  std::unique_ptr<llvm::Module> emit() {
    std::vector<llvm::Constant*> entries;
    for (size_t i = 0; i < package_.modules.size(); ++i) {
      entries.push_back(entry_global(i, package_.modules[i], "pyaot.module." + std::to_string(i),
                                     llvm::GlobalValue::PrivateLinkage));
    }
    emit_pyinit(descriptor(entries));
    return finish("PyInit_" + package_.import_name);
  }

  // One module of the package (package_.modules[0]): its code, natives and
  // entry, the entry its only symbol left for the package index to name.
  std::unique_ptr<llvm::Module> emit_module_part() {
    const std::string symbol = module_entry_symbol(package_.modules[0].name);
    llvm::GlobalVariable* entry =
        entry_global(0, package_.modules[0], symbol, llvm::GlobalValue::ExternalLinkage);
    entry->setVisibility(llvm::GlobalValue::HiddenVisibility);
    return finish(symbol);
  }

  // The package index of modules compiled apart: the descriptor naming each
  // module's entry symbol, and PyInit.
  std::unique_ptr<llvm::Module> emit_index(const std::vector<std::string>& module_names) {
    std::vector<llvm::Constant*> entries;
    for (const std::string& name : module_names) {
      auto* entry = new llvm::GlobalVariable(*module_, entry_type(), true,
                                             llvm::GlobalValue::ExternalLinkage, nullptr,
                                             module_entry_symbol(name));
      entry->setVisibility(llvm::GlobalValue::HiddenVisibility);
      entries.push_back(entry);
    }
    emit_pyinit(descriptor(entries));
    return std::move(module_);
  }

 private:
  // Only `visible` stays visible outside the object; the rest can inline and go.
  std::unique_ptr<llvm::Module> finish(const std::string& visible) {
    for (auto& [index, builder] : debug_units_) builder->finalize();
    llvm::internalizeModule(*module_, [&](const llvm::GlobalValue& value) {
      return value.getName() == visible;
    });
    return std::move(module_);
  }

  // The module's PyaotModuleEntry (pyaot_runtime.h), a global of its own.
  llvm::GlobalVariable* entry_global(size_t i, const ModuleImage& m, const std::string& name,
                                     llvm::GlobalValue::LinkageTypes linkage) {
    const std::string prefix = "pyaot.module." + std::to_string(i);
    llvm::Constant* source = llvm::ConstantPointerNull::get(ptr_);
    int64_t source_size = 0;
    if (m.source) {
      source = bytes(prefix + ".source", *m.source, /*nul_terminated=*/true);
      source_size = static_cast<int64_t>(m.source->size());
    }
    llvm::Constant* entry = llvm::ConstantStruct::get(
        entry_type(), {bytes(prefix + ".name", m.name, true),
                       bytes(prefix + ".filename", m.filename, true),
                       bytes(prefix + ".code", m.marshaled_code, false),
                       llvm::ConstantInt::get(i64_, m.marshaled_code.size()), source,
                       llvm::ConstantInt::get(i64_, source_size),
                       llvm::ConstantInt::get(i64_, m.is_package ? 1 : 0), native_table(i, m),
                       llvm::ConstantInt::get(i64_, m.natives.size())});
    return new llvm::GlobalVariable(*module_, entry_type(), /*isConstant=*/true, linkage, entry,
                                    name);
  }

  // Mirrors PyaotModuleEntry: 8-byte fields only.
  llvm::StructType* entry_type() {
    if (entry_type_ == nullptr) {
      entry_type_ = llvm::StructType::create(
          context_, {ptr_, ptr_, ptr_, i64_, ptr_, i64_, i64_, ptr_, i64_}, "PyaotModuleEntry");
    }
    return entry_type_;
  }

  // The PyaotPackage of the given entries (modules[0] the top module).
  llvm::GlobalVariable* descriptor(const std::vector<llvm::Constant*>& entries) {
    llvm::StructType* package_type =
        llvm::StructType::create(context_, {ptr_, ptr_, i64_}, "PyaotPackage");
    auto* table_type = llvm::ArrayType::get(ptr_, entries.size());
    auto* table = new llvm::GlobalVariable(*module_, table_type, /*isConstant=*/true,
                                           llvm::GlobalValue::PrivateLinkage,
                                           llvm::ConstantArray::get(table_type, entries),
                                           "pyaot.modules");
    return new llvm::GlobalVariable(
        *module_, package_type, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantStruct::get(package_type,
                                  {bytes("pyaot.package.name", package_.import_name, true), table,
                                   llvm::ConstantInt::get(i64_, entries.size())}),
        "pyaot.package");
  }

  void start_debug_info(bool optimized) {
    debug_optimized_ = optimized;
    // DWARF 4: binutils 2.40's addr2line names the wrong file from a DWARF 5 line table.
    module_->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 4);
    module_->addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                           llvm::DEBUG_METADATA_VERSION);
  }

  // The DWARF subprogram of a native body: its qualified name, at its line,
  // in the compile unit of its module (whose file then names the rows of
  // line 0 too: code of no one line).
  llvm::DISubprogram* debug_subprogram(size_t module_index, const ir::Function& f,
                                       const std::string& name) {
    if (!debug_optimized_) return nullptr;
    auto [debug, created] = debug_units_.try_emplace(module_index);
    if (created) {
      debug->second = std::make_unique<llvm::DIBuilder>(*module_);
      // FullDebug, though there are neither types nor variables: LineTablesOnly
      // leaves out the subprograms of bodies that nothing was inlined into.
      debug->second->createCompileUnit(
          llvm::dwarf::DW_LANG_Python,
          debug->second->createFile(package_.modules[module_index].debug_path, "."), "pyaot",
          *debug_optimized_, "", 0, "", llvm::DICompileUnit::FullDebug, 0,
          /*SplitDebugInlining=*/false, /*DebugInfoForProfiling=*/false,
          llvm::DICompileUnit::DebugNameTableKind::None);
    }
    llvm::DIBuilder& builder = *debug->second;
    llvm::DIFile* file = builder.createFile(package_.modules[module_index].debug_path, ".");
    auto flags = llvm::DISubprogram::SPFlagDefinition | llvm::DISubprogram::SPFlagLocalToUnit;
    if (*debug_optimized_) flags |= llvm::DISubprogram::SPFlagOptimized;
    return builder.createFunction(file, name, "", file, f.first_line,
                                  builder.createSubroutineType(builder.getOrCreateTypeArray({})),
                                  f.first_line, llvm::DINode::FlagPrototyped, flags);
  }

  // PyInit_<name>() { return pyaot_package_init(&package); }
  void emit_pyinit(llvm::GlobalVariable* descriptor) {
    auto* init_type = llvm::FunctionType::get(ptr_, {ptr_}, false);
    llvm::Function* runtime_init = llvm::Function::Create(
        init_type, llvm::Function::ExternalLinkage, "pyaot_package_init", module_.get());
    runtime_init->setVisibility(llvm::GlobalValue::HiddenVisibility);

    auto* pyinit_type = llvm::FunctionType::get(ptr_, {}, false);
    llvm::Function* pyinit =
        llvm::Function::Create(pyinit_type, llvm::Function::ExternalLinkage,
                               "PyInit_" + package_.import_name, module_.get());
    pyinit->setDSOLocal(true);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(context_, "entry", pyinit));
    b.CreateRet(b.CreateCall(runtime_init, {descriptor}));
  }

  // The module's PyMethodDef table: {name, native body, METH_FASTCALL, no
  // doc}; the loader wraps each in a native entry (runtime_shim/native_entry.h).
  llvm::Constant* native_table(size_t module_index, const ModuleImage& m) {
    if (m.natives.empty()) return llvm::ConstantPointerNull::get(ptr_);
    auto* i32 = llvm::Type::getInt32Ty(context_);
    auto* def_type = llvm::StructType::get(context_, {ptr_, ptr_, i32, ptr_});
    std::vector<llvm::Constant*> defs;
    for (size_t k = 0; k < m.natives.size(); ++k) {
      const std::string symbol =
          "pyaot.native." + std::to_string(module_index) + "." + std::to_string(k);
      // Named for profilers and debuggers (LLVM suffixes a name defined twice).
      const std::string name = m.name + "." + m.natives[k]->qualname;
      llvm::Function* body = emit_native_function(
          *m.natives[k], name, *module_, debug_subprogram(module_index, *m.natives[k], name),
          miscompile_, optimized_);
      constexpr int kMethFastcall = 0x80;
      defs.push_back(llvm::ConstantStruct::get(
          def_type, {bytes(symbol + ".name", m.natives[k]->qualname, true), body,
                     llvm::ConstantInt::get(i32, kMethFastcall),
                     llvm::ConstantPointerNull::get(ptr_)}));
    }
    auto* table_type = llvm::ArrayType::get(def_type, defs.size());
    return new llvm::GlobalVariable(*module_, table_type, /*isConstant=*/true,
                                    llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(table_type, defs),
                                    "pyaot.natives." + std::to_string(module_index));
  }

  llvm::Constant* bytes(const std::string& name, const std::string& data, bool nul_terminated) {
    llvm::Constant* init =
        llvm::ConstantDataArray::getString(context_, data, /*AddNull=*/nul_terminated);
    auto* global = new llvm::GlobalVariable(*module_, init->getType(), true,
                                            llvm::GlobalValue::PrivateLinkage, init, name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(1));
    return global;
  }

  const PackageImage& package_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::PointerType* ptr_;
  llvm::IntegerType* i64_;
  llvm::StructType* entry_type_ = nullptr;
  bool optimized_;  // not -O0
  DebugMiscompile miscompile_;
  std::optional<bool> debug_optimized_;  // with debug info: whether the code is optimized
  std::map<size_t, std::unique_ptr<llvm::DIBuilder>> debug_units_;  // by module index
};

}  // namespace

std::string module_entry_symbol(const std::string& module_name) {
  return "pyaot_module_entry." + module_name;
}

std::unique_ptr<llvm::Module> emit_module_part(const ModuleImage& module,
                                               llvm::LLVMContext& context,
                                               std::unique_ptr<llvm::Module> native_ops,
                                               bool debug_info, bool optimized,
                                               DebugMiscompile miscompile) {
  native_ops->setModuleIdentifier("pyaot.module." + module.name);
  native_ops->setSourceFileName(module.debug_path);
  PackageImage one;
  one.modules.push_back(module);
  return PackageEmitter(one, context, std::move(native_ops), debug_info, optimized, miscompile)
      .emit_module_part();
}

std::unique_ptr<llvm::Module> emit_package_index(const std::string& import_name,
                                                 const std::vector<std::string>& module_names,
                                                 llvm::LLVMContext& context) {
  auto module = std::make_unique<llvm::Module>("pyaot.package." + import_name, context);
  PackageImage package;
  package.import_name = import_name;
  return PackageEmitter(package, context, std::move(module), false, false,
                        DebugMiscompile::None)
      .emit_index(module_names);
}

std::unique_ptr<llvm::Module> emit_package_module(const PackageImage& package,
                                                  llvm::LLVMContext& context,
                                                  std::unique_ptr<llvm::Module> native_ops,
                                                  bool debug_info, bool optimized,
                                                  DebugMiscompile miscompile) {
  native_ops->setModuleIdentifier("pyaot.package." + package.import_name);
  native_ops->setSourceFileName(package.modules[0].debug_path);  // not the bitcode's "llvm-link"
  return PackageEmitter(package, context, std::move(native_ops), debug_info, optimized,
                        miscompile).emit();
}

}  // namespace pyaot::backend
