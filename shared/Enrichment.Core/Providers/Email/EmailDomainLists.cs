namespace Enrichment.Core.Providers.Email;

/// <summary>
/// Offline lists behind <see cref="EmailClassifier"/>. They are not exhaustive (no list is); they
/// cover the providers that dominate real contact lists, and subdomains match their parent.
/// </summary>
internal static class EmailDomainLists
{
    /// <summary>Free mailbox providers: anyone can sign up, so the domain says nothing about an employer.</summary>
    public static readonly string[] Free =
    [
        "gmail.com", "googlemail.com",
        "yahoo.com", "yahoo.co.uk", "yahoo.co.in", "yahoo.co.jp", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it",
        "yahoo.com.br", "yahoo.com.au", "yahoo.ca", "yahoo.com.mx", "yahoo.com.ar", "yahoo.co.id", "yahoo.com.sg",
        "yahoo.com.ph", "yahoo.com.tw", "yahoo.com.hk", "yahoo.gr", "yahoo.ie", "yahoo.in", "ymail.com", "rocketmail.com",
        "outlook.com", "outlook.fr", "outlook.de", "outlook.es", "outlook.it", "outlook.jp", "outlook.co.uk",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.es", "hotmail.it", "hotmail.be",
        "hotmail.nl", "hotmail.ca", "hotmail.com.br", "hotmail.com.ar", "hotmail.com.mx", "hotmail.co.jp",
        "live.com", "live.co.uk", "live.fr", "live.de", "live.nl", "live.it", "live.ca", "live.com.au", "live.com.mx",
        "msn.com", "passport.com", "windowslive.com",
        "icloud.com", "me.com", "mac.com",
        "aol.com", "aol.co.uk", "aol.de", "aol.fr", "aim.com", "verizon.net", "att.net", "sbcglobal.net",
        "bellsouth.net", "comcast.net", "cox.net", "charter.net", "earthlink.net", "juno.com", "netzero.net",
        "optonline.net", "frontier.com", "roadrunner.com", "rr.com", "btinternet.com", "sky.com", "talktalk.net",
        "virginmedia.com", "ntlworld.com", "blueyonder.co.uk", "shaw.ca", "rogers.com", "sympatico.ca",
        "bigpond.com", "bigpond.net.au", "optusnet.com.au", "xtra.co.nz",
        "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "gmx.fr", "gmx.us", "web.de", "t-online.de",
        "freenet.de", "arcor.de", "posteo.de", "posteo.net", "mailbox.org",
        "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "neuf.fr", "bbox.fr",
        "libero.it", "virgilio.it", "alice.it", "tin.it", "tiscali.it", "email.it",
        "terra.com.br", "uol.com.br", "bol.com.br", "ig.com.br",
        "seznam.cz", "centrum.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "op.pl",
        "yandex.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "ya.ru", "mail.ru", "inbox.ru",
        "list.ru", "bk.ru", "rambler.ru", "ukr.net",
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
        "aliyun.com", "139.com", "21cn.com",
        "naver.com", "hanmail.net", "daum.net", "nate.com",
        "rediffmail.com", "yahoo.co.kr",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tutanota.de", "tuta.io",
        "tutamail.com", "fastmail.com", "fastmail.fm", "hushmail.com", "zoho.com", "zohomail.com",
        "mail.com", "email.com", "usa.com", "post.com", "inbox.com", "lycos.com", "hey.com",
        "runbox.com", "startmail.com", "disroot.org", "riseup.net", "cock.li",
    ];

    /// <summary>Throwaway inbox services.</summary>
    public static readonly string[] Disposable =
    [
        "mailinator.com", "mailinator.net", "mailinator2.com", "notmailinator.com", "reallymymail.com",
        "10minutemail.com", "10minutemail.net", "10minutemail.co.uk", "10minemail.com", "20minutemail.com",
        "guerrillamail.com", "guerrillamail.net", "guerrillamail.org", "guerrillamail.biz", "guerrillamail.de",
        "guerrillamailblock.com", "sharklasers.com", "grr.la", "pokemail.net", "spam4.me",
        "temp-mail.org", "temp-mail.io", "tempmail.com", "tempmail.net", "tempmail.dev", "tempmailo.com",
        "tempmail.plus", "tempr.email", "tempinbox.com", "tempail.com", "temp-mail.ru", "tmpmail.org",
        "tmpmail.net", "tmails.net", "tempmailaddress.com",
        "yopmail.com", "yopmail.net", "yopmail.fr", "cool.fr.nf", "jetable.fr.nf", "nospam.ze.tc",
        "courriel.fr.nf", "moncourrier.fr.nf", "monemail.fr.nf", "monmail.fr.nf",
        "trashmail.com", "trashmail.net", "trashmail.de", "trashmail.me", "trashmail.io", "trash-mail.com",
        "trashmail.at", "wegwerfmail.de", "wegwerfmail.net", "wegwerfemail.de", "einrot.com",
        "throwawaymail.com", "throwam.com", "dispostable.com", "disposablemail.com", "mailnesia.com",
        "maildrop.cc", "mailcatch.com", "mintemail.com", "mohmal.com", "mytemp.email", "getnada.com", "nada.email",
        "inboxkitten.com", "emailondeck.com", "fakeinbox.com", "fakemail.net", "spamgourmet.com",
        "spambox.us", "spamdecoy.net", "mailexpire.com", "mailmoat.com", "mailnull.com", "spamex.com",
        "emailtemporanea.net", "emailtemporario.com.br", "emailfake.com", "fake-mail.net", "burnermail.io",
        "33mail.com", "anonaddy.me", "harakirimail.com", "incognitomail.org", "jetable.org", "kasmail.com",
        "mailforspam.com", "mailhazard.com", "mailimate.com", "meltmail.com", "mt2015.com", "mvrht.com",
        "nowmymail.com", "objectmail.com", "onewaymail.com", "owlpic.com", "proxymail.eu", "rcpt.at",
        "safetymail.info", "shitmail.me", "sofort-mail.de", "spamfree24.org", "spaml.de", "tempemail.net",
        "thankyou2010.com", "trbvm.com", "wh4f.org", "yomail.info", "zetmail.com", "emltmp.com",
        "dropmail.me", "10mail.org", "firemailbox.club", "mailpoof.com", "tempm.com", "minuteinbox.com",
        "luxusmail.org", "crazymailing.com", "mail-temp.com", "mailtemp.info", "tempmail.us.com", "byom.de",
        "discard.email", "discardmail.com", "discardmail.de", "spambog.com", "spambog.de", "spambog.ru",
        "emailsensei.com", "guerillamail.com", "guerillamail.org", "mailtothis.com", "deadaddress.com",
        "tempmailer.com", "tempmailer.de", "armyspy.com", "cuvox.de", "dayrep.com", "einrot.de", "fleckens.hu",
        "gustr.com", "jourrapide.com", "rhyta.com", "superrito.com", "teleworm.us",
    ];

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
