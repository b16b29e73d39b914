using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Alerts.Tests.Architecture;

/// <summary>
/// Which folder of the product uses which, read from the compiled assemblies (signatures and method bodies), not from
/// using directives. A folder is the namespace below <c>Alerts.Core</c> (<c>Alerts.Core.Sources.Feeds</c> is <c>Sources</c>);
/// the hosts are <c>Functions</c> and <c>Server</c>; types directly in <c>Alerts.Core</c> are <c>Core</c>.
/// </summary>
public sealed class FolderGraph
{
    private static readonly string[] Assemblies =
    [
        typeof(Core.AlertsOptions).Assembly.Location,
        typeof(Functions.HttpFunctions).Assembly.Location,
        typeof(Server.Hosting.ServerApp).Assembly.Location,
    ];

    /// <summary>Every edge (from folder, to folder) with the first type found that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges { get; }

    private FolderGraph(Dictionary<(string, string), string> edges) => Edges = edges;

    public static FolderGraph Load()
    {
        var edges = new Dictionary<(string, string), string>();
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        foreach (var path in Assemblies)
        {
            using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver });
            foreach (var type in module.GetTypes())
            {
                var from = FolderOf(Outermost(type));
                if (from is null)
                {
                    continue;
                }

                foreach (var used in Uses(type))
                {
                    if (FolderOf(used) is { } to && to != from)
                    {
                        edges.TryAdd((from, to), $"{Outermost(type).FullName} uses {used.FullName}");
                    }
                }
            }
        }

        return new FolderGraph(edges);
    }

    /// <summary>The folder a type belongs to, or null for a type outside the product (the framework, packages, compiler-generated module types).</summary>
    public static string? FolderOf(TypeReference type)
    {
        while (type is TypeSpecification spec)
        {
            type = spec.ElementType;
        }

        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var ns = type.Namespace;
        if (ns == "Alerts.Core")
        {
            // The composition root puts every feature together; the rest of the root (options, schedules) is shared by all.
            return type.Name is "ServiceCollectionExtensions" or "ApiRoutes" or "SecretSettings" ? "Composition" : "Core";
        }

        if (ns.StartsWith("Alerts.Core.", StringComparison.Ordinal))
        {
            return ns["Alerts.Core.".Length..].Split('.')[0];
        }

        if (ns.StartsWith("Alerts.Functions", StringComparison.Ordinal))
        {
            return "Functions";
        }

        return ns.StartsWith("Alerts.Server", StringComparison.Ordinal) ? "Server" : null;
    }

    public string Describe() => string.Join('\n', Edges.Keys.GroupBy(e => e.From).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key} -> {string.Join(", ", g.Select(e => e.To).Order(StringComparer.Ordinal))}"));

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var i in type.Interfaces)
        {
            yield return i.InterfaceType;
        }

        foreach (var a in type.CustomAttributes)
        {
            yield return a.AttributeType;
        }

        foreach (var f in type.Fields)
        {
            foreach (var t in Flatten(f.FieldType))
            {
                yield return t;
            }
        }

        foreach (var p in type.Properties)
        {
            foreach (var t in Flatten(p.PropertyType))
            {
                yield return t;
            }
        }

        foreach (var m in type.Methods)
        {
            foreach (var t in Flatten(m.ReturnType).Concat(m.Parameters.SelectMany(p => Flatten(p.ParameterType))))
            {
                yield return t;
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                foreach (var t in Flatten(v.VariableType))
                {
                    yield return t;
                }
            }

            foreach (var instruction in m.Body.Instructions)
            {
                var operand = instruction.Operand switch
                {
                    TypeReference t => Flatten(t),
                    MethodReference r => Flatten(r.DeclaringType).Concat(Flatten(r.ReturnType)).Concat(r.Parameters.SelectMany(p => Flatten(p.ParameterType)))
                        .Concat(r is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Flatten) : []),
                    FieldReference f => Flatten(f.DeclaringType).Concat(Flatten(f.FieldType)),
                    _ => [],
                };
                foreach (var t in operand)
                {
                    yield return t;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
        {
            foreach (var arg in generic.GenericArguments.SelectMany(Flatten))
            {
                yield return arg;
            }
        }
        else if (type is TypeSpecification spec)
        {
            foreach (var t in Flatten(spec.ElementType))
            {
                yield return t;
            }
        }
    }
}
