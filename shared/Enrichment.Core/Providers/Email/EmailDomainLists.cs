namespace Enrichment.Core.Providers.Email;

/// <summary>
/// The role local parts behind <see cref="EmailClassifier"/>; the domain lists are data files
/// (see <see cref="MailDomains"/>).
/// </summary>
internal static class EmailDomainLists
{
    /// <summary>
    /// Local parts that name a function, not a person, written without separators: the lookup drops
    /// '.', '-' and '_' and a "+tag" first.
    /// </summary>
    public static readonly string[] RoleLocalParts =
    [
        "info", "information", "admin", "administrator", "root", "webmaster", "hostmaster", "postmaster",
        "sales", "salesteam", "marketing", "support", "help", "helpdesk", "service", "services",
        "customerservice", "customerservices", "customersupport", "customercare", "care", "contact",
        "contactus", "enquiries", "enquiry", "inquiries", "inquiry", "noreply", "donotreply", "mailerdaemon",
        "hr", "humanresources", "jobs", "careers", "recruiting", "recruitment", "billing", "accounts",
        "accounting", "accountspayable", "accountsreceivable", "finance", "invoices", "invoice", "payments",
        "office", "team", "hello", "hi", "mail", "email", "feedback", "press", "media", "pr", "news",
        "newsletter", "legal", "compliance", "privacy", "security", "abuse", "it", "tech", "dev", "devnull",
        "ops", "orders", "order", "shop", "store", "bookings", "booking", "reservations", "reception",
        "frontdesk", "general", "partners", "partnerships", "investors", "investorrelations", "ir",
        "purchasing", "procurement", "list", "all", "staff", "everyone", "events", "membership", "members",
        "subscribe", "unsubscribe", "welcome", "customers", "clients",
    ];
}
